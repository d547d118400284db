handbookSearchLoaded("terms/as",{"ask":[8,1],"aspect":[19,1,20,1,21,1,22,1,23,1,24,1]});
