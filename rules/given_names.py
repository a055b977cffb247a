"""Given names that, in news copy, almost always belong to a man or to a woman.

Our own short list, used only to guess which of "he" or "she" a named person is
when nothing else in the article says so, and to tell a person's name from an
organisation's. It spans the languages names in world news come from, not only
English: a name the list lacks leaves its holder without a gender. Names commonly
given to both sexes (Jordan, Taylor, Robin, Jean, Andrea, Kim, Leslie, ...) are left
out on purpose: a wrong guess is worse than none.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

_MALE = """
    aaron abdul abdullah abraham adam adrian ahmed akira alan albert alberto alejandro
    aleksandr alexander alexei alfred ali alistair amir anatoly andre andrei andres andrew
    andy angus anthony antoine anton antonio archibald arnold arthur ashok augusto barack
    barry bart ben benjamin benny bernard bernie bill billy bob bobby boris brad bradley
    brandon brendan brett brian bruce bryan byron calvin carl carlos cesar charles charlie
    chuck clarence claude clifford clint clyde colin conor craig curtis dale dan daniel danny
    darrell darren dave david dean dennis derek desmond diego dimitri dmitry dominic don
    donald doug douglas duncan dustin dwight earl ed eddie edgar eduardo edward edwin elijah
    elliot elmer emmanuel enrique eric erik ernest ernesto eugene evan fabio felipe felix
    fernando francesco francisco frank franklin fred frederick gabriel gareth gary gavin
    geoffrey george gerald gerard gerhard giovanni giuseppe glenn gordon graham greg gregory
    guillermo gustavo guy hamid hans harold harry harvey hassan hector heinrich henry herbert
    herman horace howard hugh hugo ian igor isaac ivan jack jacob jake james jared jason
    javier jay jeff jeffrey jeremy jerome jerry jesse jim jimmy joe joel johan johannes john
    johnny jon jonathan jorge jose joseph josh joshua juan julian julio justin karl keith
    ken kenneth kevin khalid kirk kurt lamar lance larry lawrence len leon leonard leroy
    lewis lloyd lorenzo louis luca lucas luigi luis luke malcolm manuel marc marco
    marcus mario mark martin marvin mathieu matt matthew maurice max michael miguel mike
    mikhail milton mitch mitchell mohamed mohammad mohammed muhammad narendra nathan neil
    nicholas nick nicolas nigel noah norman oliver omar oscar otto owen pablo patrick paul
    pedro peter phil philip philippe pierre rafael ralph ramon randall randy raul ray raymond
    reggie reginald rex ricardo richard rick rob robert roberto rod rodney roger roland
    ronald ronnie ross roy rudolph rudy russell ryan salvador sam samuel saul scott sean
    sergei sergey seth shane sheldon sherrod sidney simon stanley stefan stephen steve steven
    stuart ted terrence theodore thomas tim timothy todd tom tommy tony trent trevor
    tyler victor vincent vladimir walter warren wayne wesley will william willie wolfgang
    xavier yasser yusuf zachary
    abdel abdulaziz abubakar adebayo ahmad akbar aleksander aleksandar alessandro
    alexandre alvaro amadou anders andreas andrzej arjun arnaud aziz bartosz bjorn boubacar
    chukwuma cristian dariusz dieter dmitri emeka emre enrico fabrizio farid florian franz
    friedrich fyodor gennady giorgio gunnar hakan hamza helmut hideki hiroshi hussein
    ibrahim ichiro ignacio imran ismail jacques janusz jens jerzy joachim jurgen kamal karim
    kazuo kenji klaus kofi kojo kwabena kwame kwasi lars lech luiz magnus mahmoud mamadou
    marek mariusz massimo matteo mehmet mikael milos moussa mustafa nasser nikolai nnamdi
    obinna olaf oleg olumide olusegun orhan oskar ousmane pavel pawel piotr rahul rajesh
    ramesh rashid recep reza rodrigo rolf ruslan salman sandeep sanjay santiago sebastian
    sergio shigeru soren shinzo siddharth sipho slobodan stanislav sven takashi taro tarek tariq
    thabo tomas tomasz uwe vikram vitaly vladislav volker wojciech yaroslav yevgeny youssef
    yuri zoltan cian ciaran declan eoin oisin padraig seamus dafydd iain hamish ewan
"""

_FEMALE = """
    abigail ada adriana agnes aileen alexandra alice alicia alison amanda amber amelia
    amy ana anastasia angela angelina angelique anita ann anna anne annette antonia april
    audrey barbara beatrice becky belinda bernadette beth betsy betty beverly bianca bonnie
    brenda bridget brittany candice carla carmen carol carole caroline carolyn cassandra
    catherine cathy cecilia celeste charlotte cheryl chloe christina christine cindy claire
    clara claudia colleen connie constance courtney cynthia daisy danielle daphne dawn
    debbie deborah debra denise diana diane dianne dolores donna doris dorothy edith eileen
    elaine eleanor elena elisabeth eliza elizabeth ella ellen elsa emily emma erica erin
    esther eva evelyn fatima felicity fiona florence frances francesca gabriela gail gemma
    georgia geraldine gina gladys gloria grace gretchen gwen hannah harriet hayley heather
    heidi helen helena helene hillary holly ida ingrid irene iris isabel isabella
    jacqueline jane janet janice jasmine jeanne jennifer jenny jessica jill joan joanna
    joanne jocelyn josephine joy joyce judith judy julia julie june karen katarina kate
    katherine kathleen kathryn kathy katie kayla kirsten kristen kristin laura lauren
    leah lila lillian linda lisa liz loretta lori lorraine louise lucia lucy lydia lynda
    madeleine madeline maggie mandy marcia margaret maria marian marianne marie marilyn
    marina marisa marta marjorie marlene martha mary maureen maxine megan melania melanie
    melissa michelle mildred miriam molly monica nadia nancy naomi natalie natasha nicole
    nina nora norma olga olivia pamela patricia paula pauline peggy penelope penny phyllis
    priscilla rachel rebecca regina renee rita roberta rosa rosalind rose rosemary ruth
    sabrina sally samantha sandra sara sarah sharon sheila shirley silvia simone sofia
    sonia sophia sophie stacey stacy stephanie sue susan susanne suzanne svetlana sylvia
    tamara tammy tanya teresa theresa tina tracey ursula valerie vanessa vera veronica
    victoria virginia vivian wanda wendy whitney yolanda yvonne zoe
    abena adaeze aisha akosua alessandra amara amina anja anneli asha astrid ayesha
    beatriz birgit brigitte chiara chioma dagmar efua eleni elif esra fatou fernanda
    folake francoise funmilayo giulia grazyna halima hanna hiroko ilse indira ines ingeborg
    irina jadwiga katja keiko kerstin khadija kristina lakshmi leila lena ludmila lyudmila
    magdalena malgorzata mariam mariana mette monika nadezhda naledi ngozi nkechi nneka
    nomvula oksana paloma petra priya rania renata sabine sakura shirin sigrid sinead
    siobhan solveig sunita tatiana tatyana ulrike valentina vesna yasmin yetunde yoko yuko
    yulia zainab zeynep aoife niamh saoirse orla roisin caoimhe eilidh morag
"""
MALE_GIVEN_NAMES = frozenset(_MALE.split())
FEMALE_GIVEN_NAMES = frozenset(_FEMALE.split())


# Letters that do not fall apart into a base letter and an accent.
_UNACCENTED = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "ł": "l", "đ": "d"})


def given_name_gender(given: str) -> Literal["he", "she"] | None:
    """ "he" or "she" for a lower-case given name we are sure of, else None. Accents do
    not matter: "José", "Hélène" and "Søren" are looked up as "jose", "helene", "soren"."""
    for form in (given, without_accents(given)):
        if form in MALE_GIVEN_NAMES:
            return "he"
        if form in FEMALE_GIVEN_NAMES:
            return "she"
    return None


def without_accents(word: str) -> str:
    """The word's letters without their accents: "Hélène" -> "Helene", "Søren" -> "Soren"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNACCENTED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
