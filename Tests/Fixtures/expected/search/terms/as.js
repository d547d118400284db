handbookSearchLoaded("terms/as",{"ask":[8,1]});
